#version 450
#extension GL_GOOGLE_include_directive : require
// The demo scene's vertex stage: model transform, wind sway for foliage, a sky dome that follows the camera.
#include "demo/scene_common.glsl"

layout(location = 0) in vec3 in_pos;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec2 in_uv;
layout(location = 3) in uint in_material;

layout(location = 0) out vec3 out_world;
layout(location = 1) out vec3 out_normal;
layout(location = 2) out vec2 out_uv;
layout(location = 3) flat out uint out_material;

void main()
{
    uint flags = (in_material >> 8) & 255u;
    vec4 world = draw.model * vec4(in_pos, 1.0);
    if ((flags & MAT_SWAY) != 0u)
    {
        // The top of a foliage card (uv.y = 0) moves, its base stays put.
        float t = frame.params.x;
        float w = (1.0 - in_uv.y) * 0.12;
        world.x += w * sin(1.7 * t + 0.9 * world.x + 1.3 * world.z);
        world.z += w * 0.6 * cos(1.3 * t + 0.7 * world.z);
    }
    if ((flags & MAT_SKY) != 0u) world.xyz += frame.camera_pos.xyz;
    out_world = world.xyz;
    out_normal = mat3(draw.model) * in_normal;
    out_uv = in_uv;
    out_material = in_material;
    gl_Position = frame.view_proj * world;
    // The dome sits on the far plane so everything draws in front of it.
    if ((flags & MAT_SKY) != 0u) gl_Position.z = gl_Position.w * 0.99999;
}
