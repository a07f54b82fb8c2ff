// Everything the print queue needs from drivers/, gathered so it can be loaded lazily in one go.
export { buildJob, nativeObstacles, queryStatus, sendConfirmed } from '../../../drivers/printer/languages';
export { rasterToDataUrl, renderLabelRaster } from '../../../drivers/printer/raster';
export { DeviceFileTransport } from '../../../drivers/printer/transports/deviceFile';
export { OsQueueTransport } from '../../../drivers/printer/transports/osQueue';
export { SerialTransport } from '../../../drivers/printer/transports/serial';
export { TcpTransport } from '../../../drivers/printer/transports/tcp';
