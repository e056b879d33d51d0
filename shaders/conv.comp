#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// One 3x3 convolution layer of the CTMSR network at LR resolution, tiled in shared memory: a workgroup of 8x8
// invocations computes (8 PIX) x 8 outputs, each invocation PIX neighbours along x so that every weight it loads
// serves PIX pixels; the input tile is (8 PIX + 2) x 10. Three modes, chosen at compile time:
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
layout(constant_id = 5) const int PIX = 1;       // outputs per invocation along x

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
const int TILE_W = TILE * PIX;
const int HALO_W = TILE_W + 2;
const int HALO_H = TILE + 2;
shared VEC4 tile[HALO_W * HALO_H * CHUNK4];

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
    ivec2 origin = ivec2(gl_WorkGroupID.xy) * ivec2(TILE_W, TILE);
    ivec2 local = ivec2(gl_LocalInvocationID.xy);
    int lid = int(gl_LocalInvocationIndex);
    ivec2 p0 = origin + ivec2(local.x * PIX, local.y); // this invocation's first output pixel

    vec4 acc[COUT4 * PIX];
    [[unroll]] for (int i = 0; i < COUT4 * PIX; i++) acc[i] = vec4(0.0);

    for (int base4 = 0; base4 < CIN4; base4 += CHUNK4)
    {
        for (int q = lid; q < HALO_W * HALO_H; q += TILE * TILE)
        {
            int tx = origin.x - 1 + q % HALO_W, ty = origin.y - 1 + q / HALO_W;
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
            int q0 = (local.y + tap / 3) * HALO_W + local.x * PIX + tap % 3;
            for (int c4 = 0; c4 < CHUNK4; c4++)
            {
                VEC4 xv[PIX];
                [[unroll]] for (int k = 0; k < PIX; k++) xv[k] = tile[(q0 + k) * CHUNK4 + c4];
                uint w = pc.w_offset + uint(tap * CIN4 + base4 + c4);
                // Unrolled so that the sums stay in registers (an indexed array would live in memory).
                [[unroll]] for (int o4 = 0; o4 < COUT4; o4++)
                {
                    uint wo = w + uint(o4 * 4 * 9 * CIN4);
                    VEC4 w0 = params[wo], w1 = params[wo + uint(9 * CIN4)], w2 = params[wo + uint(18 * CIN4)], w3 = params[wo + uint(27 * CIN4)];
                    [[unroll]] for (int k = 0; k < PIX; k++)
                        acc[o4 * PIX + k] += vec4(float(dot(w0, xv[k])), float(dot(w1, xv[k])), float(dot(w2, xv[k])), float(dot(w3, xv[k])));
                }
            }
        }
        barrier();
    }

    [[unroll]] for (int k = 0; k < PIX; k++)
    {
        ivec2 p = p0 + ivec2(k, 0);
        if (p.x >= int(pc.width) || p.y >= int(pc.height)) continue;
#ifndef CTMSR_LAST
        uint dst = (uint(p.y) * pc.width + uint(p.x)) * uint(COUT4);
        [[unroll]] for (int o4 = 0; o4 < COUT4; o4++)
        {
            vec4 v = acc[o4 * PIX + k] + vec4(params[pc.b_offset + uint(o4)]);
            act_out[dst + uint(o4)] = VEC4(max(v, v * pc.slope));
        }
#else
        uint sr_width = uint(SCALE) * pc.width;
        [[unroll]] for (int i = 0; i < SCALE; i++)
            [[unroll]] for (int j = 0; j < SCALE; j++)
            {
                int X = SCALE * p.x + j, Y = SCALE * p.y + i;
                vec3 yv = ctmsr_bicubic_lq(X, Y, SCALE);
                vec3 rgb;
                [[unroll]] for (int c = 0; c < 3; c++)
                {
                    int ch = (i * SCALE + j) * 3 + c;
                    float conv = acc[(ch / 4) * PIX + k][ch % 4] + float(params[pc.b_offset + uint(ch / 4)][ch % 4]);
                    float xt = yv[c] + pc.sigma_max * ctmsr_noise(uint(X), uint(Y), uint(c), pc.seed);
                    float f = conv + yv[c];
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
}
