// The first layer's input features of one LR pixel, shared by conv.comp (CTMSR_FIRST, into its shared tile) and
// features.comp (into an activation buffer). The includer declares CIN4, SCALE, `pc` and the frame access (see
// common/frame.glsl, common/noise.glsl) and defines CTMSR_FEATURE(q, k, v), which stores feature k of position q.
#ifndef CTMSR_FEATURES_GLSL
#define CTMSR_FEATURES_GLSL

// Features of LR pixel (x, y), inside the frame: space_to_depth_s(x_T) (channel (i s + j) 3 + c) then lq, where
// x_T = bicubic-up(lq) + sigma_max * noise and lq = 2 rgb - 1. Channels past 3 s^2 + 3 are left to the includer (zero).
void ctmsr_features(int q, int x, int y)
{
    for (int i = 0; i < SCALE; i++)
        for (int j = 0; j < SCALE; j++)
        {
            int X = SCALE * x + j, Y = SCALE * y + i;
            vec3 yv = ctmsr_bicubic_lq(X, Y, SCALE);
            for (int c = 0; c < 3; c++)
            {
                float xt = yv[c] + pc.sigma_max * ctmsr_noise(uint(X), uint(Y), uint(c), pc.seed);
                CTMSR_FEATURE(q, (i * SCALE + j) * 3 + c, xt);
            }
        }
    vec3 lq = ctmsr_frame_rgba(x, y).rgb * 2.0 - 1.0;
    for (int c = 0; c < 3; c++) CTMSR_FEATURE(q, 3 * SCALE * SCALE + c, lq[c]);
}

#endif
