#version 450
// The device's arithmetic peak, for the bench's "fraction of peak": every invocation runs 16 independent FMA chains
// (so no FMA waits for the one before it) for 4 x pc.iterations rounds, then writes the sum of its chains, which
// depends on every FMA, so the compiler can drop none. Multiplier and addend come from a buffer (unknown at compile
// time); a = a * b + c with b < 1 converges to c / (1 - b), so values stay finite and normal.
// Default: fp32, each chain a vec4: a round is 64 FMAs = 128 flop per invocation. CTMSR_FP16: each chain a packed
// f16vec2 (needs shaderFloat16; the buffers stay float32): a round is 32 FMAs = 64 flop. VulkanCalibration counts these.
#ifdef CTMSR_FP16
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define VEC f16vec2
#define SCALAR float16_t
#else
#define VEC vec4
#define SCALAR float
#endif

layout(local_size_x = 256) in;
layout(std430, set = 0, binding = 0) readonly buffer Seeds { float seeds[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Sums { float sums[]; };
layout(push_constant) uniform Push { uint iterations, pad0, pad1, pad2; } pc;

#ifdef CTMSR_NARROW
// CPU drivers run each invocation as one SIMD lane, so every chain component is a vector register: 16 vec4 chains
// spill there. This shape keeps 4 vec4 chains (16 registers); the calibration takes the better of the two shapes.
#define ROUND \
    a0 = fma(a0, b, c); a1 = fma(a1, b, c); a2 = fma(a2, b, c); a3 = fma(a3, b, c);
#else
#define ROUND \
    a0 = fma(a0, b, c); a1 = fma(a1, b, c); a2 = fma(a2, b, c); a3 = fma(a3, b, c); \
    a4 = fma(a4, b, c); a5 = fma(a5, b, c); a6 = fma(a6, b, c); a7 = fma(a7, b, c); \
    a8 = fma(a8, b, c); a9 = fma(a9, b, c); a10 = fma(a10, b, c); a11 = fma(a11, b, c); \
    a12 = fma(a12, b, c); a13 = fma(a13, b, c); a14 = fma(a14, b, c); a15 = fma(a15, b, c);
#endif

void main()
{
    VEC b = VEC(SCALAR(seeds[0]));
    VEC c = VEC(SCALAR(seeds[1]));
    SCALAR x = SCALAR(float(gl_GlobalInvocationID.x & 255u) * (1.0 / 256.0));
    VEC a0 = VEC(x), a1 = VEC(x + SCALAR(0.01)), a2 = VEC(x + SCALAR(0.02)), a3 = VEC(x + SCALAR(0.03));
    VEC a4 = VEC(x + SCALAR(0.04)), a5 = VEC(x + SCALAR(0.05)), a6 = VEC(x + SCALAR(0.06)), a7 = VEC(x + SCALAR(0.07));
    VEC a8 = VEC(x + SCALAR(0.08)), a9 = VEC(x + SCALAR(0.09)), a10 = VEC(x + SCALAR(0.10)), a11 = VEC(x + SCALAR(0.11));
    VEC a12 = VEC(x + SCALAR(0.12)), a13 = VEC(x + SCALAR(0.13)), a14 = VEC(x + SCALAR(0.14)), a15 = VEC(x + SCALAR(0.15));
    for (uint i = 0u; i < pc.iterations; i++)
    {
        ROUND
        ROUND
        ROUND
        ROUND
    }
#ifdef CTMSR_NARROW
    VEC s = (a0 + a1) + (a2 + a3);
#else
    VEC s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15));
#endif
#ifdef CTMSR_FP16
    sums[gl_GlobalInvocationID.x] = float(s.x) + float(s.y);
#else
    sums[gl_GlobalInvocationID.x] = (s.x + s.y) + (s.z + s.w);
#endif
}
