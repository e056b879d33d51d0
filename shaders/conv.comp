#version 450
#extension GL_GOOGLE_include_directive : require
// One 3x3 convolution layer of the CTMSR network at LR resolution, tiled in shared memory (8x8 outputs per workgroup,
// a 10x10 input tile). Three modes, chosen at compile time:
//   CTMSR_FIRST: the tile is built from the frame: RGBA8 -> [0, 1] -> lq = 2 rgb - 1, y = bicubic-up(lq),
//                x_T = y + sigma_max * noise (the contract noise, computed here), space_to_depth(x_T) ++ lq; then
//                conv + bias + LeakyReLU.
//   CTMSR_BODY:  activations -> conv + bias + LeakyReLU -> activations.
//   CTMSR_LAST:  activations -> conv + bias -> depth_to_space (DCR) -> F = d2s + y, D = c_skip x_T + c_out F,
//                sr = clamp(D / 2 + 1 / 2) -> either the final RGBA8 frame (display = scale x render; alpha resampled
//                bilinearly) or the SR buffer that resample.comp takes to the display size.
// CTMSR_FP16 stores activations, weights and the shared tile as float16 and multiplies in float16; sums are float32.
#ifdef CTMSR_FP16
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define VEC4 f16vec4
#define ELEM float16_t
#else
#define VEC4 vec4
#define ELEM float
#endif

layout(local_size_x = 8, local_size_y = 8, local_size_z = 1) in;
layout(constant_id = 0) const int CIN4 = 4;      // input channels / 4 (zero-padded)
layout(constant_id = 1) const int COUT4 = 8;     // output channels / 4 (zero-padded)
layout(constant_id = 2) const int SCALE = 2;     // the model's integer scale s
layout(constant_id = 3) const int CHUNK4 = 4;    // input 4-vectors staged per pass (divides CIN4)
layout(constant_id = 4) const bool DIRECT_OUT = false; // CTMSR_LAST: write the final frame directly

layout(std430, set = 0, binding = 0) readonly buffer FrameIn { uint frame_in[]; };
layout(std430, set = 0, binding = 1) readonly buffer ActIn { VEC4 act_in[]; };
layout(std430, set = 0, binding = 2) writeonly buffer ActOut { VEC4 act_out[]; };
layout(std430, set = 0, binding = 3) readonly buffer Params { VEC4 params[]; };
layout(std430, set = 0, binding = 4) writeonly buffer SrOut { vec4 sr_out[]; };
layout(std430, set = 0, binding = 5) writeonly buffer FrameOut { uint frame_out[]; };

#include "common/push.glsl"
#include "common/noise.glsl"
#include "common/frame.glsl"

const int TILE = 8;
const int HALO = TILE + 2;
shared VEC4 tile[HALO * HALO * CHUNK4];

#ifdef CTMSR_FIRST
// The input features of LR pixel (x, y): space_to_depth_s(x_T) (channel (i s + j) 3 + c) then lq; zero past the end.
void fill_features(int q, int x, int y)
{
    for (int c4 = 0; c4 < CIN4; c4++) tile[q * CHUNK4 + c4] = VEC4(0.0);
    if (x < 0 || y < 0 || x >= int(pc.width) || y >= int(pc.height)) return; // the conv's zero padding
    for (int i = 0; i < SCALE; i++)
        for (int j = 0; j < SCALE; j++)
        {
            int X = SCALE * x + j, Y = SCALE * y + i;
            vec3 yv = ctmsr_bicubic_lq(X, Y, SCALE);
            for (int c = 0; c < 3; c++)
            {
                float xt = yv[c] + pc.sigma_max * ctmsr_noise(uint(X), uint(Y), uint(c), pc.seed);
                int k = (i * SCALE + j) * 3 + c;
                tile[q * CHUNK4 + k / 4][k % 4] = ELEM(xt);
            }
        }
    vec3 lq = ctmsr_frame_rgba(x, y).rgb * 2.0 - 1.0;
    for (int c = 0; c < 3; c++)
    {
        int k = 3 * SCALE * SCALE + c;
        tile[q * CHUNK4 + k / 4][k % 4] = ELEM(lq[c]);
    }
}
#endif

void main()
{
    ivec2 origin = ivec2(gl_WorkGroupID.xy) * TILE;
    ivec2 local = ivec2(gl_LocalInvocationID.xy);
    int lid = int(gl_LocalInvocationIndex);
    ivec2 p = origin + local;
    bool inside = p.x < int(pc.width) && p.y < int(pc.height);

    vec4 acc[COUT4];
    for (int o4 = 0; o4 < COUT4; o4++) acc[o4] = vec4(0.0);

    for (int base4 = 0; base4 < CIN4; base4 += CHUNK4)
    {
        for (int q = lid; q < HALO * HALO; q += TILE * TILE)
        {
            int tx = origin.x - 1 + q % HALO, ty = origin.y - 1 + q / HALO;
#ifdef CTMSR_FIRST
            fill_features(q, tx, ty);
#else
            bool valid = tx >= 0 && ty >= 0 && tx < int(pc.width) && ty < int(pc.height);
            uint src = (uint(ty) * pc.width + uint(tx)) * uint(CIN4) + uint(base4);
            for (int c4 = 0; c4 < CHUNK4; c4++)
                tile[q * CHUNK4 + c4] = valid ? act_in[src + uint(c4)] : VEC4(0.0);
#endif
        }
        barrier();

        for (int tap = 0; tap < 9; tap++)
        {
            int q = (local.y + tap / 3) * HALO + local.x + tap % 3;
            for (int c4 = 0; c4 < CHUNK4; c4++)
            {
                VEC4 xv = tile[q * CHUNK4 + c4];
                uint w = pc.w_offset + uint(tap * CIN4 + base4 + c4);
                for (int o4 = 0; o4 < COUT4; o4++)
                {
                    uint wo = w + uint(o4 * 4 * 9 * CIN4);
                    acc[o4] += vec4(float(dot(params[wo], xv)),
                                    float(dot(params[wo + uint(9 * CIN4)], xv)),
                                    float(dot(params[wo + uint(18 * CIN4)], xv)),
                                    float(dot(params[wo + uint(27 * CIN4)], xv)));
                }
            }
        }
        barrier();
    }
    if (!inside) return;

#ifndef CTMSR_LAST
    uint dst = (uint(p.y) * pc.width + uint(p.x)) * uint(COUT4);
    for (int o4 = 0; o4 < COUT4; o4++)
    {
        vec4 v = acc[o4] + vec4(params[pc.b_offset + uint(o4)]);
        act_out[dst + uint(o4)] = VEC4(max(v, v * pc.slope));
    }
#else
    for (int o4 = 0; o4 < COUT4; o4++) acc[o4] += vec4(params[pc.b_offset + uint(o4)]);
    uint sr_width = uint(SCALE) * pc.width;
    for (int i = 0; i < SCALE; i++)
        for (int j = 0; j < SCALE; j++)
        {
            int X = SCALE * p.x + j, Y = SCALE * p.y + i;
            vec3 yv = ctmsr_bicubic_lq(X, Y, SCALE);
            vec3 rgb;
            for (int c = 0; c < 3; c++)
            {
                int k = (i * SCALE + j) * 3 + c;
                float xt = yv[c] + pc.sigma_max * ctmsr_noise(uint(X), uint(Y), uint(c), pc.seed);
                float f = acc[k / 4][k % 4] + yv[c];
                float d = pc.c_skip * xt + pc.c_out * f;
                rgb[c] = clamp(d * 0.5 + 0.5, 0.0, 1.0);
            }
            if (DIRECT_OUT)
                frame_out[uint(Y) * pc.out_stride + uint(X)] = ctmsr_pack_output(rgb, ctmsr_alpha_display(X, Y));
            else
                sr_out[uint(Y) * sr_width + uint(X)] = vec4(rgb, 0.0);
        }
#endif
}
