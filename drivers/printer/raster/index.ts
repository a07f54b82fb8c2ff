export { renderLabelRaster, type RasterOptions } from './renderLabel';
export { rasterToDataUrl, rasterToPng } from './preview';
export { DEFAULT_FONT_FAMILY } from './text';
