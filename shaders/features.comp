#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// The first layer's input features of every LR pixel (common/features.glsl) written to an activation buffer, CIN4
// 4-vectors per pixel, zero-padded: the separate first step where conv.comp's first layer runs as a plain conv
// (CPU drivers, where recomputing features per tile and output group costs more than this one pass).
#ifdef CTMSR_FP16
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define VEC4 f16vec4
#else
#define VEC4 vec4
#endif

layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;
layout(constant_id = 0) const int CIN4 = 4;  // the first layer's input channels / 4 (zero-padded)
layout(constant_id = 2) const int SCALE = 2; // the model's integer scale s

layout(std430, set = 0, binding = 0) readonly buffer FrameIn { uint frame_in[]; };
layout(std430, set = 0, binding = 2) writeonly buffer ActOut { VEC4 act_out[]; };
layout(set = 0, binding = 8) uniform usamplerBuffer frame_tex; // the input frame, one RGBA8 word per texel
#define CTMSR_FRAME_WORD(i) texelFetch(frame_tex, int(i)).r

#include "common/push.glsl"
#include "common/noise.glsl"
#include "common/frame.glsl"

vec4 f[CIN4];
#define CTMSR_FEATURE(q, k, v) f[(k) / 4][(k) % 4] = (v)
#include "common/features.glsl"

void main()
{
    ivec2 p = ivec2(gl_GlobalInvocationID.xy) + ivec2(0, pc.y0);
    if (p.x >= int(pc.width) || p.y >= pc.y1) return;
    [[unroll]] for (int c4 = 0; c4 < CIN4; c4++) f[c4] = vec4(0.0);
    ctmsr_features(0, p.x, p.y);
    uint dst = (uint(p.y - pc.act_row0) * pc.width + uint(p.x)) * uint(CIN4);
    [[unroll]] for (int c4 = 0; c4 < CIN4; c4++) act_out[dst + uint(c4)] = VEC4(f[c4]);
}
