// Stand-ins for the few UnityEngine members the sample's MonoBehaviour uses, so that it compiles outside Unity.
// Their shapes follow Unity's scripting API; they do nothing. Compiled only into the test's scratch sample build.
using System;

namespace UnityEngine
{
    public class Object
    {
    }

    public class Component : Object
    {
    }

    public class Behaviour : Component
    {
    }

    public class MonoBehaviour : Behaviour
    {
    }

    public enum TextureFormat
    {
        RGBA32 = 4,
    }

    public class Texture2D : Object
    {
        public Texture2D(int width, int height, TextureFormat textureFormat, bool mipChain)
        {
            this.width = width;
            this.height = height;
            format = textureFormat;
        }

        public int width { get; }

        public int height { get; }

        public TextureFormat format { get; }

        public bool isReadable => true;

        public byte[] GetRawTextureData() => throw new NotSupportedException("a UnityEngine stub");

        public void LoadRawTextureData(byte[] data) => throw new NotSupportedException("a UnityEngine stub");

        public void Apply() => throw new NotSupportedException("a UnityEngine stub");
    }

    public static class Debug
    {
        public static void Log(object message) => Console.WriteLine(message);

        public static void LogError(object message) => Console.Error.WriteLine(message);
    }
}
