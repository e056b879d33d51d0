#version 450
#extension GL_GOOGLE_include_directive : require
// The SR image (scale x render size) -> the display size: the separable taps of Ctmsr.Runtime.Resampling.ResampleAxis
// (Keys cubic a = -0.75 where the display is larger, the antialiasing filter where it is smaller, a copy where the
// sizes agree), summed along x and then y as the ONNX Runtime frame graph does; clamp, alpha resampled bilinearly from
// the input frame, quantise, write. The taps are built on the host once per size pair, so both backends run the same
// weights.
layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;
layout(constant_id = 2) const int SCALE = 2;

layout(std430, set = 0, binding = 0) readonly buffer FrameIn { uint frame_in[]; };
// header: x taps, y taps, first row entry, 0; then display width x taps column entries and display height x taps row
// entries, each (input index, weight bits).
layout(std430, set = 0, binding = 1) readonly buffer Taps { uvec4 taps_header; uvec2 taps[]; };
layout(std430, set = 0, binding = 4) readonly buffer SrIn { vec4 sr_in[]; };
layout(std430, set = 0, binding = 5) writeonly buffer FrameOut { uint frame_out[]; };

#include "common/push.glsl"
#include "common/frame.glsl"

void main()
{
    ivec2 P = ivec2(gl_GlobalInvocationID.xy) + ivec2(0, pc.y0);
    if (P.x >= int(pc.out_width) || P.y >= pc.y1) return;
    uint w = uint(SCALE) * pc.width;
    uint tx = taps_header.x, ty = taps_header.y;
    uint cols = uint(P.x) * tx, rows = taps_header.z + uint(P.y) * ty;
    vec3 acc = vec3(0.0);
    for (uint j = 0u; j < ty; j++)
    {
        uvec2 r = taps[rows + j];
        uint base = (r.x - uint(pc.sr_row0)) * w; // this band's SR rows start at sr_row0
        vec3 row = vec3(0.0);
        for (uint i = 0u; i < tx; i++)
        {
            uvec2 c = taps[cols + i];
            row += uintBitsToFloat(c.y) * sr_in[base + c.x].rgb;
        }
        acc += uintBitsToFloat(r.y) * row;
    }
    frame_out[uint(P.y) * pc.out_stride + uint(P.x)] = ctmsr_pack_output(acc, ctmsr_alpha_display(P.x, P.y));
}
