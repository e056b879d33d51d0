#version 450
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
// One 3x3 convolution layer of the CTMSR network at LR resolution. A workgroup of LX x LY invocations covers a tile of
// (LX PIX) x LY pixels; one dispatch computes OG 4-vectors of output channels (from pc.g0), so each invocation keeps
// PIX x OG 4-vectors of sums in registers: every input value it loads feeds 4 OG multiply-adds, every weight PIX. Sums
// are outer products, acc[o] += w[tap][ci][o] x[ci], one fma per output 4-vector. The loops over taps and channels are
// unrolled, so every weight address is a constant plus push constants: one load per SIMD batch on CPU drivers
// (lavapipe), a uniform (scalar / constant-cache) load on GPUs. Weights come from a uniform buffer (WUBO) where the
// layer fits the device's range, else from the parameter storage buffer. Inputs come either from a shared-memory
// tile, (LX PIX + 2) x (LY + 2) positions x CHUNK4 4-vectors, loaded once per workgroup (TILE_SHARED, GPUs), or
// straight from a texel buffer over the activations (CPU drivers, where shared-memory loads go one lane at a time and
// texel fetches are vector gathers).
// Three modes, chosen at compile time:
//   CTMSR_FIRST: the tile is built from the frame (common/features.glsl): RGBA8 -> [0, 1] -> lq = 2 rgb - 1,
//                y = bicubic-up(lq), x_T = y + sigma_max * noise (the contract noise, computed here),
//                space_to_depth(x_T) ++ lq; then conv + bias + LeakyReLU. Where features.comp has written the
//                features to a buffer first (CPU drivers), the first layer runs as CTMSR_BODY instead.
//   CTMSR_BODY:  activations -> conv + bias + LeakyReLU -> activations.
//   CTMSR_LAST:  activations -> conv + bias -> depth_to_space (DCR) -> F = d2s + y, D = c_skip x_T + c_out F,
//                sr = clamp(D / 2 + 1 / 2) -> either the final RGBA8 frame (display = scale x render; alpha resampled
//                bilinearly) or the SR buffer that resample.comp takes to the display size. OG = COUT4 here.
// CTMSR_FP16 stores activations, the storage-buffer weights and the shared tile as float16; products and sums are
// float32 (uniform-buffer weights stay float32).
// CTMSR_ROLLED keeps the tap and channel loops as loops: lavapipe's compiler takes minutes over the unrolled float16
// kernels (its float16 is emulated), and there only correctness counts.
#ifdef CTMSR_ROLLED
#define UNROLL_TAPS [[dont_unroll]]
#else
#define UNROLL_TAPS [[unroll]]
#endif
#ifdef CTMSR_FP16
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define VEC4 f16vec4
#define ELEM float16_t
#else
#define VEC4 vec4
#define ELEM float
#endif

layout(local_size_x_id = 6, local_size_y_id = 7, local_size_z = 1) in;
layout(constant_id = 0) const int CIN4 = 4;      // input channels / 4 (zero-padded)
layout(constant_id = 1) const int COUT4 = 8;     // output channels / 4 (zero-padded)
layout(constant_id = 2) const int SCALE = 2;     // the model's integer scale s
layout(constant_id = 3) const int CHUNK4 = 4;    // input 4-vectors staged per pass (divides CIN4)
layout(constant_id = 4) const bool DIRECT_OUT = false; // CTMSR_LAST: write the final frame directly
layout(constant_id = 5) const int PIX = 1;       // outputs per invocation along x
// constant_id 6 and 7: the workgroup's width LX and height LY (local_size_x_id / local_size_y_id)
const int LX = int(gl_WorkGroupSize.x);
const int LY = int(gl_WorkGroupSize.y);
layout(constant_id = 8) const int OG = 8;        // output 4-vectors per dispatch and invocation (divides COUT4)
layout(constant_id = 9) const bool WUBO = true;  // weights from the uniform buffer at binding 6
layout(constant_id = 10) const bool TILE_SHARED = true; // inputs through a shared-memory tile (always for CTMSR_FIRST)

layout(std430, set = 0, binding = 0) readonly buffer FrameIn { uint frame_in[]; };
layout(std430, set = 0, binding = 1) readonly buffer ActIn { VEC4 act_in[]; };
layout(std430, set = 0, binding = 2) writeonly buffer ActOut { VEC4 act_out[]; };
layout(std430, set = 0, binding = 3) readonly buffer Params { VEC4 params[]; };
layout(std430, set = 0, binding = 4) writeonly buffer SrOut { vec4 sr_out[]; };
layout(std430, set = 0, binding = 5) writeonly buffer FrameOut { uint frame_out[]; };
// This layer's weights, [tap][ci][o4] 4-vectors over output channels (the binding's offset selects the layer).
const int WUBO_VEC4 = 4096; // 64 KiB, the most any device's uniform range need hold
layout(std140, set = 0, binding = 6) uniform Weights { vec4 wu[WUBO_VEC4]; };
layout(set = 0, binding = 7) uniform samplerBuffer act_tex; // the input activations as 4-vector texels
layout(set = 0, binding = 8) uniform usamplerBuffer frame_tex; // the input frame, one RGBA8 word per texel
#define CTMSR_FRAME_WORD(i) texelFetch(frame_tex, int(i)).r

#include "common/push.glsl"
#include "common/noise.glsl"
#include "common/frame.glsl"

const int TILE_W = LX * PIX;
const int HALO_W = TILE_W + 2;
const int HALO_H = LY + 2;
const int THREADS = LX * LY;
#ifdef CTMSR_FIRST
const bool SHARED_INPUT = true;
#else
const bool SHARED_INPUT = TILE_SHARED;
#endif
shared VEC4 tile[SHARED_INPUT ? HALO_W * HALO_H * CHUNK4 : 1];

// Weight 4-vector i of this layer (output channels 4 o4 .. 4 o4 + 3).
vec4 weight(int i)
{
    return WUBO ? wu[i] : vec4(params[pc.w_offset + uint(i)]);
}

#ifndef CTMSR_FIRST
// Input 4-vector c4 of LR pixel (x, y) from the texel buffer; zero outside the frame (the conv's padding) and outside
// the band's rows (read only for outputs past the dispatch's rows, which are not written).
vec4 fetch_input(int x, int y, int c4)
{
    bool inside = x >= 0 && y >= pc.act_row0 && x < int(pc.width) && y < pc.act_row1;
    int cx = clamp(x, 0, int(pc.width) - 1), cy = clamp(y, pc.act_row0, pc.act_row1 - 1) - pc.act_row0;
    vec4 v = texelFetch(act_tex, (cy * int(pc.width) + cx) * CIN4 + c4);
    return inside ? v : vec4(0.0);
}
#endif

#ifdef CTMSR_FIRST
#define CTMSR_FEATURE(q, k, v) tile[(q) * CHUNK4 + (k) / 4][(k) % 4] = ELEM(v)
#include "common/features.glsl"

// The tile position q: the features of LR pixel (x, y), zero outside the frame (the conv's padding).
void fill_features(int q, int x, int y)
{
    for (int c4 = 0; c4 < CIN4; c4++) tile[q * CHUNK4 + c4] = VEC4(0.0);
    if (x < 0 || y < 0 || x >= int(pc.width) || y >= int(pc.height)) return;
    ctmsr_features(q, x, y);
}
#endif

void main()
{
    ivec2 origin = ivec2(gl_WorkGroupID.xy) * ivec2(TILE_W, LY) + ivec2(0, pc.y0);
    ivec2 local = ivec2(gl_LocalInvocationID.xy);
    int lid = int(gl_LocalInvocationIndex);
    int g0 = OG == COUT4 ? 0 : int(pc.g0);            // this dispatch's first output 4-vector
    ivec2 p0 = origin + ivec2(local.x * PIX, local.y); // this invocation's first output pixel

    vec4 acc[OG * PIX];
    [[unroll]] for (int i = 0; i < OG * PIX; i++) acc[i] = vec4(0.0);

    [[unroll]] for (int base4 = 0; base4 < CIN4; base4 += CHUNK4)
    {
        if (SHARED_INPUT)
        {
            for (int q = lid; q < HALO_W * HALO_H; q += THREADS)
            {
                int tx = origin.x - 1 + q % HALO_W, ty = origin.y - 1 + q / HALO_W;
#ifdef CTMSR_FIRST
                fill_features(q, tx, ty);
#else
                bool valid = tx >= 0 && ty >= pc.act_row0 && tx < int(pc.width) && ty < pc.act_row1;
                uint src = (uint(ty - pc.act_row0) * pc.width + uint(tx)) * uint(CIN4) + uint(base4);
                for (int c4 = 0; c4 < CHUNK4; c4++)
                    tile[q * CHUNK4 + c4] = valid ? act_in[src + uint(c4)] : VEC4(0.0);
#endif
            }
            barrier();
        }

        // Unrolled throughout: the sums stay in registers and every weight index is a constant.
        UNROLL_TAPS for (int tap = 0; tap < 9; tap++)
        {
            int dx = tap % 3, dy = tap / 3;
            UNROLL_TAPS for (int c4 = 0; c4 < CHUNK4; c4++)
            {
                vec4 xv[PIX];
                [[unroll]] for (int k = 0; k < PIX; k++)
                {
#ifdef CTMSR_FIRST
                    xv[k] = vec4(tile[((local.y + dy) * HALO_W + local.x * PIX + k + dx) * CHUNK4 + c4]);
#else
                    xv[k] = SHARED_INPUT ? vec4(tile[((local.y + dy) * HALO_W + local.x * PIX + k + dx) * CHUNK4 + c4])
                                         : fetch_input(p0.x + k + dx - 1, p0.y + dy - 1, base4 + c4);
#endif
                }
                int w = (tap * 4 * CIN4 + 4 * (base4 + c4)) * COUT4 + g0;
                [[unroll]] for (int j = 0; j < 4; j++)
                    [[unroll]] for (int o = 0; o < OG; o++)
                    {
                        vec4 wv = weight(w + j * COUT4 + o);
                        [[unroll]] for (int k = 0; k < PIX; k++)
                            acc[o * PIX + k] = fma(wv, vec4(xv[k][j]), acc[o * PIX + k]);
                    }
            }
        }
        if (SHARED_INPUT) barrier();
    }

    [[unroll]] for (int k = 0; k < PIX; k++)
    {
        ivec2 p = p0 + ivec2(k, 0);
        if (p.x >= int(pc.width) || p.y >= pc.y1) continue;
#ifndef CTMSR_LAST
        uint dst = (uint(p.y - pc.act_row0) * pc.width + uint(p.x)) * uint(COUT4) + uint(g0);
        [[unroll]] for (int o = 0; o < OG; o++)
        {
            vec4 v = acc[o * PIX + k] + vec4(params[pc.b_offset + uint(g0 + o)]);
            act_out[dst + uint(o)] = VEC4(max(v, v * pc.slope));
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
                    sr_out[uint(Y - pc.sr_row0) * sr_width + uint(X)] = vec4(rgb, 0.0);
            }
#endif
    }
}
