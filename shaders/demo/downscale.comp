#version 450
// Box (area) downscale by an integer factor k of a packed RGBA8 frame: each output pixel is the mean of its k x k
// source pixels, averaged on the stored (sRGB-encoded) values and rounded to nearest, the way the training data's area
// downscales are made. This is the resolve of the demo's supersampling anti-aliasing (--ssaa k).
layout(local_size_x = 8, local_size_y = 8) in;
layout(std430, set = 0, binding = 0) readonly buffer Src { uint src[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Dst { uint dst[]; };
layout(push_constant) uniform Push { uint dw, dh, k, sw; } pc;

void main()
{
    uvec2 o = gl_GlobalInvocationID.xy;
    if (o.x >= pc.dw || o.y >= pc.dh) return;
    uvec4 sum = uvec4(0u);
    for (uint j = 0u; j < pc.k; j++)
    {
        uint row = (o.y * pc.k + j) * pc.sw + o.x * pc.k;
        for (uint i = 0u; i < pc.k; i++)
        {
            uint p = src[row + i];
            sum += uvec4(p & 0xFFu, (p >> 8) & 0xFFu, (p >> 16) & 0xFFu, p >> 24);
        }
    }
    uint n = pc.k * pc.k;
    uvec4 v = (sum + n / 2u) / n;
    dst[o.y * pc.dw + o.x] = v.x | (v.y << 8) | (v.z << 16) | (v.w << 24);
}
