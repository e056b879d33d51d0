#version 450
// Nearest (0), bilinear (1) and bicubic (2, a = -0.75) resampling of a packed RGBA8 frame, half-pixel centres, edges
// clamped. Output is RGBA8, or BGRA8 when swap_rb is set (swapchain images).
layout(local_size_x = 8, local_size_y = 8) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { uint src[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Dst { uint dst[]; };
layout(push_constant) uniform Push { uint sw, sh, dw, dh, method, swap_rb, dst_stride, dst_x; } pc;

vec4 texel(ivec2 p)
{
    p = clamp(p, ivec2(0), ivec2(int(pc.sw) - 1, int(pc.sh) - 1));
    return unpackUnorm4x8(src[uint(p.y) * pc.sw + uint(p.x)]);
}

vec4 cubic_weights(float t)
{
    const float a = -0.75;
    float t1 = t + 1.0, t2 = t, t3 = 1.0 - t, t4 = 2.0 - t;
    return vec4(((a * t1 - 5.0 * a) * t1 + 8.0 * a) * t1 - 4.0 * a,
                ((a + 2.0) * t2 - (a + 3.0)) * t2 * t2 + 1.0,
                ((a + 2.0) * t3 - (a + 3.0)) * t3 * t3 + 1.0,
                ((a * t4 - 5.0 * a) * t4 + 8.0 * a) * t4 - 4.0 * a);
}

void main()
{
    uvec2 o = gl_GlobalInvocationID.xy;
    if (o.x >= pc.dw || o.y >= pc.dh) return;
    vec2 scale = vec2(pc.sw, pc.sh) / vec2(pc.dw, pc.dh);
    vec2 f = (vec2(o) + 0.5) * scale - 0.5;
    vec4 c;
    if (pc.method == 0u)
    {
        c = texel(ivec2(floor((vec2(o) + 0.5) * scale)));
    }
    else if (pc.method == 1u)
    {
        ivec2 b = ivec2(floor(f));
        vec2 t = f - vec2(b);
        c = mix(mix(texel(b), texel(b + ivec2(1, 0)), t.x), mix(texel(b + ivec2(0, 1)), texel(b + ivec2(1, 1)), t.x), t.y);
    }
    else
    {
        ivec2 b = ivec2(floor(f));
        vec2 t = f - vec2(b);
        vec4 wx = cubic_weights(t.x), wy = cubic_weights(t.y);
        c = vec4(0.0);
        for (int j = 0; j < 4; j++)
        {
            vec4 row = wx.x * texel(b + ivec2(-1, j - 1)) + wx.y * texel(b + ivec2(0, j - 1))
                     + wx.z * texel(b + ivec2(1, j - 1)) + wx.w * texel(b + ivec2(2, j - 1));
            c += wy[j] * row;
        }
        c = clamp(c, 0.0, 1.0);
    }
    if (pc.swap_rb != 0u) c = c.bgra;
    dst[o.y * pc.dst_stride + o.x + pc.dst_x] = packUnorm4x8(c);
}
