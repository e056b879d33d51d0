#version 450
// An edge-adaptive spatial upscaler after the idea published with AMD FSR 1 EASU (our own code): estimate the local
// gradient direction and how edge-like the neighbourhood is from luma, then filter 12 taps with a Lanczos-2-like
// kernel that is narrowed across the edge and widened along it, and clamp to the 2x2 neighbours to avoid ringing.
layout(local_size_x = 8, local_size_y = 8) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { uint src[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Dst { uint dst[]; };
layout(push_constant) uniform Push { uint sw, sh, dw, dh, method, swap_rb, dst_stride, dst_x; } pc;

vec4 texel(ivec2 p)
{
    p = clamp(p, ivec2(0), ivec2(int(pc.sw) - 1, int(pc.sh) - 1));
    return unpackUnorm4x8(src[uint(p.y) * pc.sw + uint(p.x)]);
}

float luma(vec4 c) { return dot(c.rgb, vec3(0.299, 0.587, 0.114)); }

// Direction and edge strength at one of the four centre texels, weighted by its bilinear weight w.
void analyse(inout vec2 dir, inout float len, float w, float l, float left, float right, float up, float down)
{
    float gx = right - left;
    float sx = max(abs(right - l), abs(l - left));
    float ex = sx > 0.0 ? clamp(abs(gx) / sx, 0.0, 1.0) : 0.0;
    float gy = down - up;
    float sy = max(abs(down - l), abs(l - up));
    float ey = sy > 0.0 ? clamp(abs(gy) / sy, 0.0, 1.0) : 0.0;
    dir += vec2(gx, gy) * w;
    len += (ex * ex + ey * ey) * w;
}

void accumulate(inout vec4 sum, inout float wsum, vec4 c, vec2 off, vec2 dir, vec2 stretch, float lobe, float clip)
{
    vec2 v = vec2(off.x * dir.x + off.y * dir.y, -off.x * dir.y + off.y * dir.x) * stretch;
    float d2 = min(dot(v, v), clip);
    // Lanczos-2 approximated by two polynomials in d^2: a base window and a lobe whose negative part shrinks on edges.
    float base = 0.4 * d2 - 1.0;
    float lob = lobe * d2 - 1.0;
    float w = (1.5625 * base * base - 0.5625) * lob * lob;
    sum += c * w;
    wsum += w;
}

void main()
{
    uvec2 o = gl_GlobalInvocationID.xy;
    if (o.x >= pc.dw || o.y >= pc.dh) return;
    vec2 f = (vec2(o) + 0.5) * vec2(pc.sw, pc.sh) / vec2(pc.dw, pc.dh) - 0.5;
    ivec2 b = ivec2(floor(f));
    vec2 t = f - vec2(b);

    // The 12-tap footprint: the 2x2 centre (f, g, j, k) and its 8 edge neighbours.
    vec4 cb = texel(b + ivec2(0, -1)), cc = texel(b + ivec2(1, -1));
    vec4 ce = texel(b + ivec2(-1, 0)), cf = texel(b), cg = texel(b + ivec2(1, 0)), ch = texel(b + ivec2(2, 0));
    vec4 ci = texel(b + ivec2(-1, 1)), cj = texel(b + ivec2(0, 1)), ck = texel(b + ivec2(1, 1)), cl = texel(b + ivec2(2, 1));
    vec4 cn = texel(b + ivec2(0, 2)), co = texel(b + ivec2(1, 2));
    float lb = luma(cb), lc = luma(cc), le = luma(ce), lf = luma(cf), lg = luma(cg), lh = luma(ch);
    float li = luma(ci), lj = luma(cj), lk = luma(ck), ll = luma(cl), ln = luma(cn), lo = luma(co);

    vec2 dir = vec2(0.0);
    float len = 0.0;
    analyse(dir, len, (1.0 - t.x) * (1.0 - t.y), lf, le, lg, lb, lj);
    analyse(dir, len, t.x * (1.0 - t.y), lg, lf, lh, lc, lk);
    analyse(dir, len, (1.0 - t.x) * t.y, lj, li, lk, lf, ln);
    analyse(dir, len, t.x * t.y, lk, lj, ll, lg, lo);

    float d2 = dot(dir, dir);
    dir = d2 < 1.0 / 32768.0 ? vec2(1.0, 0.0) : dir * inversesqrt(d2);
    len = clamp(len * 0.5, 0.0, 1.0);
    len *= len;
    // A diagonal edge has a longer footprint in the grid: stretch by 1/max(|x|,|y|)^2 in [1, 2].
    float m = max(abs(dir.x), abs(dir.y));
    float diag = 1.0 / (m * m);
    vec2 stretch = vec2(1.0 + (diag - 1.0) * len, 1.0 - 0.5 * len);
    float lobe = 0.5 - 0.29 * len;
    float clip = 1.0 / lobe;

    vec4 sum = vec4(0.0);
    float wsum = 0.0;
    accumulate(sum, wsum, cb, vec2(0.0, -1.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, cc, vec2(1.0, -1.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, ce, vec2(-1.0, 0.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, cf, vec2(0.0, 0.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, cg, vec2(1.0, 0.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, ch, vec2(2.0, 0.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, ci, vec2(-1.0, 1.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, cj, vec2(0.0, 1.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, ck, vec2(1.0, 1.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, cl, vec2(2.0, 1.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, cn, vec2(0.0, 2.0) - t, dir, stretch, lobe, clip);
    accumulate(sum, wsum, co, vec2(1.0, 2.0) - t, dir, stretch, lobe, clip);

    vec4 c = sum / wsum;
    vec4 lo4 = min(min(cf, cg), min(cj, ck)), hi4 = max(max(cf, cg), max(cj, ck));
    c = clamp(c, lo4, hi4);
    if (pc.swap_rb != 0u) c = c.bgra;
    dst[o.y * pc.dst_stride + o.x + pc.dst_x] = packUnorm4x8(c);
}
