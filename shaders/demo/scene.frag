#version 450
#extension GL_GOOGLE_include_directive : require
// The demo scene's fragment stage: mipmapped texture array, alpha test, sun + sky light, Blinn-Phong specular, fog.
#include "demo/scene_common.glsl"

layout(set = 0, binding = 1) uniform sampler2DArray textures;

layout(location = 0) in vec3 in_world;
layout(location = 1) in vec3 in_normal;
layout(location = 2) in vec2 in_uv;
layout(location = 3) flat in uint in_material;

layout(location = 0) out vec4 out_color;

float hash(vec2 p) { return fract(sin(dot(p, vec2(127.1, 311.7))) * 43758.5453); }

float cloud_noise(vec2 p)
{
    vec2 i = floor(p), f = fract(p);
    f = f * f * (3.0 - 2.0 * f);
    float a = hash(i), b = hash(i + vec2(1, 0)), c = hash(i + vec2(0, 1)), d = hash(i + vec2(1, 1));
    return mix(mix(a, b, f.x), mix(c, d, f.x), f.y);
}

vec3 sky(vec3 d)
{
    vec3 sun = normalize(frame.sun_dir.xyz);
    float up = clamp(d.y, 0.0, 1.0);
    vec3 col = mix(vec3(0.72, 0.80, 0.90), vec3(0.22, 0.42, 0.78), pow(up, 0.6));
    if (d.y > 0.02)
    {
        vec2 p = d.xz / d.y * 2.0 + vec2(frame.params.x * 0.05, 0.0);
        float c = 0.55 * cloud_noise(p) + 0.3 * cloud_noise(p * 2.3) + 0.15 * cloud_noise(p * 5.1);
        col = mix(col, vec3(0.97), smoothstep(0.55, 0.8, c) * smoothstep(0.02, 0.2, d.y));
    }
    float s = max(dot(d, sun), 0.0);
    col += vec3(1.0, 0.85, 0.6) * (pow(s, 800.0) * 4.0 + pow(s, 12.0) * 0.25);
    return col;
}

void main()
{
    uint layer = in_material & 255u;
    uint flags = (in_material >> 8) & 255u;
    vec3 to_eye = frame.camera_pos.xyz - in_world;
    if ((flags & MAT_SKY) != 0u)
    {
        out_color = vec4(min(sky(normalize(-to_eye)), vec3(1.0)), 1.0);
        return;
    }
    vec4 albedo = texture(textures, vec3(in_uv, float(layer)), frame.params.y);
    if ((flags & MAT_ALPHA_TEST) != 0u && albedo.a < 0.5) discard;

    vec3 n = normalize(in_normal);
    if (!gl_FrontFacing) n = -n;
    vec3 l = normalize(frame.sun_dir.xyz);
    vec3 v = normalize(to_eye);
    float diffuse = max(dot(n, l), 0.0);
    vec3 ambient = mix(vec3(0.20, 0.19, 0.17), vec3(0.30, 0.36, 0.45), n.y * 0.5 + 0.5);
    vec3 col = albedo.rgb * (ambient + diffuse * vec3(1.0, 0.95, 0.85));
    float shiny = (flags & MAT_SHINY) != 0u ? 1.0 : 0.0;
    vec3 h = normalize(l + v);
    float spec = pow(max(dot(n, h), 0.0), mix(24.0, 180.0, shiny)) * mix(0.08, 1.4, shiny) * step(0.0, dot(n, l));
    col += spec * vec3(1.0, 0.95, 0.85);
    float fog = 1.0 - exp(-length(to_eye) * 0.0035);
    col = mix(col, vec3(0.70, 0.77, 0.86), fog);
    out_color = vec4(min(col, vec3(1.0)), 1.0);
}
