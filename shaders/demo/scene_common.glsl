// Shared by scene.vert and scene.frag: the per-frame uniform block and the material bits of a vertex.
layout(set = 0, binding = 0) uniform Frame
{
    mat4 view_proj;
    vec4 camera_pos;   // xyz
    vec4 sun_dir;      // xyz, towards the sun
    vec4 params;       // x: time in seconds, y: texture mip bias
} frame;

layout(push_constant) uniform Draw { mat4 model; } draw;

// Material word: bits 0..7 texture layer, bits 8..15 flags.
const uint MAT_ALPHA_TEST = 1u;
const uint MAT_SWAY = 2u;
const uint MAT_SKY = 4u;
const uint MAT_SHINY = 8u;
