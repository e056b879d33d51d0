using TorchSharp;
using static TorchSharp.torch;

namespace Ctmsr.Training.Imaging;

/// <summary>Conversions between <see cref="RgbImage"/> and float tensors [1, 3, H, W] in [0, 1].</summary>
public static class ImageTensor
{
    public static Tensor ToTensor(RgbImage image)
    {
        var t = torch.tensor(image.Pixels, new long[] { image.Height, image.Width, 3 }, dtype: ScalarType.Byte);
        return t.permute(2, 0, 1).unsqueeze(0).to_type(ScalarType.Float32).div_(255f).contiguous();
    }

    /// <summary>[1, 3, H, W] or [3, H, W] in [0, 1] -> 8-bit image (clamped, rounded).</summary>
    public static RgbImage FromTensor(Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        if (t.dim() == 4) t = t[0];
        if (t.dim() != 3 || t.shape[0] != 3) throw new ArgumentException($"expected [3, H, W]; got [{string.Join(", ", t.shape)}]");
        int h = (int)t.shape[1], w = (int)t.shape[2];
        var bytes = t.detach().cpu().clamp(0, 1).mul(255f).round().to_type(ScalarType.Byte).permute(1, 2, 0).contiguous();
        var data = bytes.data<byte>().ToArray();
        return new RgbImage(w, h, data);
    }
}
