#version 450
// The viewer's last pass: picks method A or B per pixel (split screen with a divider), magnifies under the zoom lens,
// draws the HUD text (5x7 bitmap font) and the latency graph, and writes the swapchain's byte order.
layout(local_size_x = 8, local_size_y = 8) in;
layout(std430, set = 0, binding = 0) readonly buffer A { uint a[]; };
layout(std430, set = 0, binding = 1) readonly buffer B { uint b[]; };
layout(std430, set = 0, binding = 2) readonly buffer Hud { uint hud[]; };
layout(std430, set = 0, binding = 3) writeonly buffer Out { uint dst[]; };
layout(push_constant) uniform Push
{
    uint width, height, swap_rb, split, divider, lens, lens_x, lens_y, lens_radius, zoom;
    uint show_hud, text_offset, text_cols, text_rows, graph_offset, graph_count;
    float graph_max_ms, graph_budget_ms;
} pc;

const int SCALE = 2;
const int CELL_W = 6 * SCALE, CELL_H = 9 * SCALE;

vec4 load(ivec2 p)
{
    p = clamp(p, ivec2(0), ivec2(int(pc.width) - 1, int(pc.height) - 1));
    uint i = uint(p.y) * pc.width + uint(p.x);
    return unpackUnorm4x8(pc.split != 0u && uint(p.x) >= pc.divider ? b[i] : a[i]);
}

void main()
{
    ivec2 p = ivec2(gl_GlobalInvocationID.xy);
    if (uint(p.x) >= pc.width || uint(p.y) >= pc.height) return;
    vec4 c = load(p);

    if (pc.split != 0u && abs(p.x - int(pc.divider)) <= 1) c = vec4(1.0, 1.0, 1.0, 1.0);

    if (pc.lens != 0u)
    {
        vec2 centre = vec2(pc.lens_x, pc.lens_y);
        vec2 d = vec2(p) + 0.5 - centre;
        float r = length(d);
        if (r < float(pc.lens_radius))
            c = load(ivec2(floor(centre + d / float(pc.zoom))));
        if (abs(r - float(pc.lens_radius)) < 1.5) c = vec4(1.0, 0.85, 0.2, 1.0);
    }

    if (pc.show_hud != 0u)
    {
        ivec2 t = p - ivec2(8, 8);
        if (t.x >= -4 && t.y >= -4 && t.x < int(pc.text_cols) * CELL_W + 4 && t.y < int(pc.text_rows) * CELL_H + 4)
        {
            c.rgb *= 0.35;
            if (t.x >= 0 && t.y >= 0)
            {
                ivec2 cell = t / ivec2(CELL_W, CELL_H);
                ivec2 in_cell = (t - cell * ivec2(CELL_W, CELL_H)) / SCALE;
                if (cell.x < int(pc.text_cols) && cell.y < int(pc.text_rows) && in_cell.x < 5 && in_cell.y < 7)
                {
                    uint glyph = hud[pc.text_offset + uint(cell.y) * pc.text_cols + uint(cell.x)];
                    uint bits = hud[glyph * 7u + uint(in_cell.y)];
                    if ((bits & (1u << uint(in_cell.x))) != 0u) c.rgb = cell.y == 0 ? vec3(1.0, 0.9, 0.3) : vec3(1.0);
                }
            }
        }
        // Latency graph: one 2-pixel column per recent frame, bottom-left, 64 pixels tall.
        int gx = p.x - 8, gy = int(pc.height) - 8 - p.y;
        if (pc.graph_count > 0u && gx >= 0 && gx < int(pc.graph_count) * 2 && gy >= 0 && gy < 64)
        {
            c.rgb *= 0.35;
            float v = uintBitsToFloat(hud[pc.graph_offset + uint(gx / 2)]);
            float h = clamp(v / pc.graph_max_ms, 0.0, 1.0) * 64.0;
            if (float(gy) < h) c.rgb = v <= pc.graph_budget_ms ? vec3(0.3, 0.9, 0.4) : vec3(1.0, 0.35, 0.3);
            float budget = pc.graph_budget_ms / pc.graph_max_ms * 64.0;
            if (abs(float(gy) - budget) < 0.5 && budget < 64.0) c.rgb = vec3(1.0, 1.0, 0.2);
        }
    }
    c.a = 1.0;
    if (pc.swap_rb != 0u) c = c.bgra;
    dst[uint(p.y) * pc.width + uint(p.x)] = packUnorm4x8(c);
}
