// The visited person's signature on a canvas (signature_pad); kept as PNG base64 without the data: prefix.
import SignaturePad from '../lib/signature_pad/signature_pad.min.js';

export function createSignature(canvas, png, onChange) {
  const pad = new SignaturePad(canvas, { backgroundColor: 'rgb(255,255,255)', penColor: '#111' });
  let saved = png;
  const resize = () => {
    if (!canvas.isConnected) {
      window.removeEventListener('resize', resize);
      return;
    }
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext('2d').scale(ratio, ratio);
    pad.clear();
    if (saved) pad.fromDataURL(`data:image/png;base64,${saved}`, { width: canvas.offsetWidth, height: canvas.offsetHeight });
  };
  resize();
  window.addEventListener('resize', resize);
  pad.addEventListener('endStroke', () => {
    saved = pad.toDataURL('image/png').split(',')[1];
    onChange(saved);
  });
  return {
    clear() {
      pad.clear();
      saved = null;
      onChange(null);
    },
  };
}
