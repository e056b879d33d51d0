#version 450
#extension GL_GOOGLE_include_directive : require
// Writes the contract noise of an HR frame, planar [3, height, width] float: tests compare it with the C# function.
#include "common/noise.glsl"

layout(local_size_x = 8, local_size_y = 8) in;
layout(std430, set = 0, binding = 0) writeonly buffer Noise { float noise_out[]; };
layout(push_constant) uniform Push { uint width; uint height; uint seed; } pc;

void main()
{
    uvec2 p = gl_GlobalInvocationID.xy;
    if (p.x >= pc.width || p.y >= pc.height) return;
    uint plane = pc.width * pc.height;
    for (uint c = 0u; c < 3u; c++)
        noise_out[c * plane + p.y * pc.width + p.x] = ctmsr_noise(p.x, p.y, c, pc.seed);
}
