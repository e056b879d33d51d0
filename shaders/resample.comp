#version 450
#extension GL_GOOGLE_include_directive : require
// The SR image (scale x render size) -> the display size: cubic (a = -0.75, half-pixel centres, edge replicated) as
// the ONNX Runtime frame graph's Resize, clamp, alpha resampled bilinearly from the input frame, quantise, write.
layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;
layout(constant_id = 2) const int SCALE = 2;

layout(std430, set = 0, binding = 0) readonly buffer FrameIn { uint frame_in[]; };
layout(std430, set = 0, binding = 4) readonly buffer SrIn { vec4 sr_in[]; };
layout(std430, set = 0, binding = 5) writeonly buffer FrameOut { uint frame_out[]; };

#include "common/push.glsl"
#include "common/frame.glsl"

vec3 sr_clamped(int x, int y, int w, int h)
{
    return sr_in[uint(clamp(y, 0, h - 1)) * uint(w) + uint(clamp(x, 0, w - 1))].rgb;
}

void main()
{
    ivec2 P = ivec2(gl_GlobalInvocationID.xy);
    if (P.x >= int(pc.out_width) || P.y >= int(pc.out_height)) return;
    int w = SCALE * int(pc.width), h = SCALE * int(pc.height);
    float scale_x = float(pc.out_width) / float(w), scale_y = float(pc.out_height) / float(h);
    float sx = (float(P.x) + 0.5) / scale_x - 0.5, sy = (float(P.y) + 0.5) / scale_y - 0.5;
    float fx = floor(sx), fy = floor(sy);
    vec4 wx = ctmsr_cubic_weights(sx - fx), wy = ctmsr_cubic_weights(sy - fy);
    int x0 = int(fx) - 1, y0 = int(fy) - 1;
    vec3 acc = vec3(0.0);
    for (int j = 0; j < 4; j++)
    {
        vec3 row = wx.x * sr_clamped(x0, y0 + j, w, h) + wx.y * sr_clamped(x0 + 1, y0 + j, w, h)
                 + wx.z * sr_clamped(x0 + 2, y0 + j, w, h) + wx.w * sr_clamped(x0 + 3, y0 + j, w, h);
        acc += wy[j] * row;
    }
    frame_out[uint(P.y) * pc.out_stride + uint(P.x)] = ctmsr_pack_output(acc, ctmsr_alpha_display(P.x, P.y));
}
