// The "report fixed" form on a hazard's page: each chosen photo is shrunk on the phone as the field app does
// (a camera's 4 MB photo becomes a JPEG under 1 MB), uploaded at once to /api/v1/hazards/{id}/photos and added
// to the form as a checked photo id; the form waits for uploads.
import { shrink } from '/field/photos.js';

{
  document.querySelectorAll('input.fix-photo').forEach((input) => {
    const form = input.closest('form');
    const status = form.querySelector('.fix-photo-status');
    const list = form.querySelector('.fix-photo-list');
    let pending = 0;
    const show = (text) => { status.textContent = text; };
    input.addEventListener('change', async () => {
      const files = [...input.files];
      input.value = '';
      for (const file of files) {
        pending++;
        show(`正在处理并上传 ${pending} 张照片…`);
        let photo;
        try {
          photo = await shrink(file);
        } catch (error) {
          pending--;
          // shrink's own messages are Chinese; the browser's (a file that is not an image) are not.
          show(error instanceof Error && !(error instanceof DOMException) && error.message ? error.message : `“${file.name}”不是可用的照片，请重拍或换一张`);
          continue;
        }
        const body = new FormData();
        body.append('file', photo, 'photo.jpg');
        try {
          const response = await fetch(`/api/v1/hazards/${input.dataset.hazard}/photos`, { method: 'POST', body, credentials: 'same-origin' });
          const json = await response.json().catch(() => ({}));
          if (!response.ok) { show(json.detail || json.title || `上传失败（${response.status}）`); continue; }
          const label = document.createElement('label');
          const box = document.createElement('input');
          box.type = 'checkbox'; box.name = 'PhotoIds'; box.value = json.id; box.checked = true;
          const img = document.createElement('img');
          img.src = URL.createObjectURL(photo); img.alt = '已上传照片';
          label.append(box, ' ', img);
          list.append(label);
          show('照片已上传');
        } catch {
          show('网络出错，照片没有上传，请稍后重试');
        } finally {
          pending--;
        }
      }
    });
    form.addEventListener('submit', (event) => {
      if (pending > 0) { event.preventDefault(); show('照片还在上传，请稍候再提交'); }
    });
  });
}
