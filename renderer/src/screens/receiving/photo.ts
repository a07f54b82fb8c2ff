/** The contract takes a JPEG/PNG data URL under 2 MB: photos are scaled down and re-encoded. */
const MAX_EDGE = 1600;
const MAX_CHARS = 1_900_000;

export function toPhotoDataUrl(source: CanvasImageSource, width: number, height: number): string {
  const scale = Math.min(1, MAX_EDGE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext('2d')!.drawImage(source, 0, 0, canvas.width, canvas.height);
  for (const quality of [0.85, 0.7, 0.5, 0.3]) {
    const url = canvas.toDataURL('image/jpeg', quality);
    if (url.length <= MAX_CHARS) return url;
  }
  throw new Error('photo too large');
}

export async function fileToPhoto(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  try {
    return toPhotoDataUrl(bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}
