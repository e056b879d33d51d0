using System.Numerics;

namespace Ctmsr.Demo.Scene;

/// <summary>
/// The camera's path: a closed Catmull-Rom loop down the street and back around the houses, a pure function of the
/// frame index (60 frames per second of scene time), so any frame can be rendered again at any size.
/// </summary>
public static class CameraFlight
{
    public const double FramesPerSecond = 60;
    public const double LoopSeconds = 40;

    private static readonly Vector3[] Points =
    {
        new(0.5f, 2.2f, 52f), new(-1.5f, 2.0f, 30f), new(1.2f, 2.6f, 10f), new(-0.8f, 3.4f, -12f),
        new(2.5f, 5.5f, -34f), new(14f, 7f, -42f), new(22f, 5f, -20f), new(20f, 3f, 10f),
        new(16f, 2.5f, 34f), new(8f, 2.4f, 56f),
    };

    /// <summary>Scene time in seconds of frame <paramref name="frame"/>.</summary>
    public static double Time(long frame) => frame / FramesPerSecond;

    public static Vector3 Position(double seconds)
    {
        double u = seconds / LoopSeconds * Points.Length;
        int n = Points.Length;
        int i = (int)Math.Floor(u);
        float t = (float)(u - i);
        i = ((i % n) + n) % n;
        Vector3 p0 = Points[(i + n - 1) % n], p1 = Points[i], p2 = Points[(i + 1) % n], p3 = Points[(i + 2) % n];
        float t2 = t * t, t3 = t2 * t;
        return 0.5f * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3);
    }

    /// <summary>The view matrix (System.Numerics, right-handed) of frame <paramref name="frame"/>.</summary>
    public static Matrix4x4 View(long frame, out Vector3 eye)
    {
        double s = Time(frame);
        eye = Position(s);
        Vector3 ahead = Position(s + 1.2);
        Vector3 target = ahead + new Vector3(0, -0.35f, 0);
        return Matrix4x4.CreateLookAt(eye, target, Vector3.UnitY);
    }
}
