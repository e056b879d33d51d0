// Frame access and the resampling kernels shared by the Ctmsr compute shaders. The including shader declares
// `frame_in` (uint words, one RGBA8/BGRA8 pixel each) and the push constants `pc` (see common/push.glsl), or defines
// CTMSR_FRAME_WORD(i) to read word i another way (conv.comp and features.comp fetch it from a texel buffer: CPU
// drivers gather texel fetches as vectors but load storage buffers one invocation at a time).
#ifndef CTMSR_FRAME_GLSL
#define CTMSR_FRAME_GLSL
#ifndef CTMSR_FRAME_WORD
#define CTMSR_FRAME_WORD(i) frame_in[i]
#endif

// Pixel (x, y) of the input frame as RGBA in [0, 1] (byte / 255, as the model contract says), whatever the byte order.
vec4 ctmsr_frame_rgba(int x, int y)
{
    vec4 p = unpackUnorm4x8(CTMSR_FRAME_WORD(uint(y) * pc.in_stride + uint(x)));
    return pc.swap_rb != 0u ? p.zyxw : p;
}

// lq = 2 rgb - 1 at an LR pixel clamped to the frame (ONNX Resize cubic with exclude_outside = 0 replicates the edge).
vec3 ctmsr_lq_clamped(int x, int y)
{
    x = clamp(x, 0, int(pc.width) - 1);
    y = clamp(y, 0, int(pc.height) - 1);
    return ctmsr_frame_rgba(x, y).rgb * 2.0 - 1.0;
}

// Keys cubic convolution weights (a = -0.75) of the taps at -1, 0, 1, 2 for a fractional offset t in [0, 1).
vec4 ctmsr_cubic_weights(float t)
{
    const float a = -0.75;
    float d0 = 1.0 + t, d1 = t, d2 = 1.0 - t, d3 = 2.0 - t;
    return vec4(
        ((a * d0 - 5.0 * a) * d0 + 8.0 * a) * d0 - 4.0 * a,
        ((a + 2.0) * d1 - (a + 3.0)) * d1 * d1 + 1.0,
        ((a + 2.0) * d2 - (a + 3.0)) * d2 * d2 + 1.0,
        ((a * d3 - 5.0 * a) * d3 + 8.0 * a) * d3 - 4.0 * a);
}

// y = bicubic-up(lq) at HR pixel (X, Y) for an integer scale: half-pixel centres, as ONNX Resize / torch interpolate.
vec3 ctmsr_bicubic_lq(int X, int Y, int scale)
{
    float sx = (float(X) + 0.5) / float(scale) - 0.5;
    float sy = (float(Y) + 0.5) / float(scale) - 0.5;
    float fx = floor(sx), fy = floor(sy);
    vec4 wx = ctmsr_cubic_weights(sx - fx), wy = ctmsr_cubic_weights(sy - fy);
    int x0 = int(fx) - 1, y0 = int(fy) - 1;
    vec3 acc = vec3(0.0);
    for (int j = 0; j < 4; j++)
    {
        vec3 row = wx.x * ctmsr_lq_clamped(x0, y0 + j) + wx.y * ctmsr_lq_clamped(x0 + 1, y0 + j)
                 + wx.z * ctmsr_lq_clamped(x0 + 2, y0 + j) + wx.w * ctmsr_lq_clamped(x0 + 3, y0 + j);
        acc += wy[j] * row;
    }
    return acc;
}

// Input alpha (0..255) resampled bilinearly to display pixel (X, Y): half-pixel centres, source clamped to the frame,
// as the ONNX Runtime frame graph's linear Resize.
float ctmsr_alpha_display(int X, int Y)
{
    float scale_x = float(pc.out_width) / float(pc.width), scale_y = float(pc.out_height) / float(pc.height);
    float sx = clamp((float(X) + 0.5) / scale_x - 0.5, 0.0, float(pc.width) - 1.0);
    float sy = clamp((float(Y) + 0.5) / scale_y - 0.5, 0.0, float(pc.height) - 1.0);
    int x0 = int(floor(sx)), y0 = int(floor(sy));
    int x1 = min(x0 + 1, int(pc.width) - 1), y1 = min(y0 + 1, int(pc.height) - 1);
    float tx = sx - float(x0), ty = sy - float(y0);
    float a00 = float(CTMSR_FRAME_WORD(uint(y0) * pc.in_stride + uint(x0)) >> 24u);
    float a10 = float(CTMSR_FRAME_WORD(uint(y0) * pc.in_stride + uint(x1)) >> 24u);
    float a01 = float(CTMSR_FRAME_WORD(uint(y1) * pc.in_stride + uint(x0)) >> 24u);
    float a11 = float(CTMSR_FRAME_WORD(uint(y1) * pc.in_stride + uint(x1)) >> 24u);
    return mix(mix(a00, a10, tx), mix(a01, a11, tx), ty);
}

// RGB in [0, 1] (clamped here) and alpha in [0, 255] -> one RGBA8/BGRA8 word, rounding half up as the frame graph does.
uint ctmsr_pack_output(vec3 rgb, float alpha)
{
    uvec3 c = uvec3(floor(clamp(rgb, 0.0, 1.0) * 255.0 + 0.5));
    uint a = uint(floor(clamp(alpha, 0.0, 255.0) + 0.5));
    if (pc.swap_rb != 0u) c = c.zyx;
    return c.x | (c.y << 8u) | (c.z << 16u) | (a << 24u);
}

#endif
