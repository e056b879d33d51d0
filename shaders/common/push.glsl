// The push constants every Ctmsr compute kernel shares (layout mirrored by Ctmsr.Runtime.Vulkan.KernelPush).
#ifndef CTMSR_PUSH_GLSL
#define CTMSR_PUSH_GLSL
layout(push_constant) uniform Push
{
    uint width;       // render (LR) size
    uint height;
    uint in_stride;   // input frame row stride, in pixels
    uint out_width;   // display size
    uint out_height;
    uint out_stride;  // output frame row stride, in pixels
    uint swap_rb;     // 1 for BGRA8 frames
    uint seed;        // noise seed S
    float sigma_max;
    float c_skip;
    float c_out;
    float slope;      // LeakyReLU negative slope
    uint w_offset;    // this layer's weights in the parameter buffer, in 4-vectors
    uint b_offset;    // this layer's biases, in 4-vectors
    uint g0;          // conv: the first output 4-vector this dispatch computes (one dispatch per output group)
    // Bands (Ctmsr.Runtime.Vulkan.FrameBands): a frame too large for one buffer runs in horizontal bands. All rows are
    // global frame rows, so positions, noise and edges are those of the whole frame; one band is 0, height, 0, height, 0.
    int act_row0;     // the first LR row the activation buffers hold
    int act_row1;     // one past the last
    int y0;           // the first row this dispatch computes (LR rows; display rows in resample.comp)
    int y1;           // one past the last
    int sr_row0;      // the SR row at the start of the SR buffer
} pc;
#endif
