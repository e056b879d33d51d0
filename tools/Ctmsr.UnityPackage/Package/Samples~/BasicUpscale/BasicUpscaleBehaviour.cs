using Ctmsr.Runtime;
using UnityEngine;

namespace Ctmsr.Samples
{
    /// <summary>
    /// Upscales a readable RGBA32 Texture2D once at Start into a new texture of the display size, through
    /// <see cref="BasicUpscale"/>. A CPU round trip for show; a render pipeline hook that keeps frames on the GPU is
    /// not part of this package (see Documentation~/index.md).
    /// </summary>
    public sealed class BasicUpscaleBehaviour : MonoBehaviour
    {
        /// <summary>The low-resolution frame: RGBA32, Read/Write enabled, of the render size the mode gives.</summary>
        public Texture2D source;

        /// <summary>The display width; the height follows the source's aspect.</summary>
        public int displayWidth = 1920;

        /// <summary>The quality mode the source was rendered for.</summary>
        public QualityMode mode = QualityMode.Performance;

        /// <summary>The upscaled frame, after Start.</summary>
        public Texture2D result;

        private BasicUpscale _upscaler;

        private void Start()
        {
            if (source == null || source.format != TextureFormat.RGBA32 || !source.isReadable)
            {
                Debug.LogError("BasicUpscaleBehaviour: the source must be a readable RGBA32 Texture2D");
                return;
            }
            int displayHeight = displayWidth * source.height / source.width;
            _upscaler = new BasicUpscale(displayWidth, displayHeight, mode);
            if (_upscaler.RenderWidth != source.width || _upscaler.RenderHeight != source.height)
            {
                Debug.LogError("BasicUpscaleBehaviour: " + mode + " at " + displayWidth + "x" + displayHeight + " renders at "
                               + _upscaler.RenderWidth + "x" + _upscaler.RenderHeight + ", the source is "
                               + source.width + "x" + source.height);
                return;
            }
            byte[] display = _upscaler.Upscale(source.GetRawTextureData());
            result = new Texture2D(displayWidth, displayHeight, TextureFormat.RGBA32, false);
            result.LoadRawTextureData(display);
            result.Apply();
            Debug.Log(_upscaler.Description);
        }

        private void OnDestroy()
        {
            if (_upscaler != null)
                _upscaler.Dispose();
        }
    }
}
