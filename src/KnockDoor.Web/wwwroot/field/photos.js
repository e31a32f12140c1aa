// Photos are shrunk on the phone: ≤ 1600 px on the long side, JPEG quality 0.8, at most 1 MB.
export const MaxLongSide = 1600;
export const MaxBytes = 1024 * 1024;

export async function shrink(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MaxLongSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
  if (!blob) throw new Error('照片无法处理，请重拍');
  if (blob.size > MaxBytes) throw new Error(`照片压缩后仍有 ${(blob.size / 1048576).toFixed(1)} MB，超过 1 MB，请重拍或换一张`);
  return blob;
}
