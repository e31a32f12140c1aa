// The person-found form: a chosen photo is shrunk on the phone as the field app does (a camera's 4 MB photo
// becomes a JPEG under 1 MB) and put back into the file field, so the form posts the small one. Without
// script the photo goes as it is and the server refuses one over 1 MB.
import { shrink } from '/field/photos.js';

document.querySelectorAll('input.person-photo').forEach((input) => {
  const form = input.closest('form');
  const status = form.querySelector('.person-photo-status');
  let pending = false;
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file || file.name === 'photo.jpg') return;
    pending = true;
    status.textContent = '正在压缩照片…';
    try {
      const blob = await shrink(file);
      const files = new DataTransfer();
      files.items.add(new File([blob], 'photo.jpg', { type: 'image/jpeg' }));
      input.files = files.files;
      status.textContent = `照片已压缩（${Math.round(blob.size / 1024)} KB）`;
    } catch (error) {
      input.value = '';
      status.textContent = error instanceof Error && !(error instanceof DOMException) && error.message ? error.message : `“${file.name}”不是可用的照片，请重拍或换一张`;
    } finally {
      pending = false;
    }
  });
  form.addEventListener('submit', (event) => {
    if (pending) { event.preventDefault(); status.textContent = '照片还在压缩，请稍候再提交'; }
  });
});
