import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { useStyles2 } from '@grafana/ui';
import { create } from 'qrcode';

/** The blank border scanners need around a code, in modules. */
const QUIET_ZONE = 4;

/** The otpauth:// URL as a QR code for an authenticator app to scan. */
export function TotpQrCode({ url }: { url: string }) {
  const styles = useStyles2(getStyles);
  const { size, path } = useMemo(() => modulesPath(url), [url]);
  const side = size + 2 * QUIET_ZONE;
  return (
    <svg
      role="img"
      aria-label="QR code of the key, for your authenticator app"
      viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}`}
      shapeRendering="crispEdges"
      className={styles.code}
    >
      {/* Black on white in both themes: scanners read dark modules on a light ground. */}
      <rect x={-QUIET_ZONE} y={-QUIET_ZONE} width={side} height={side} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/** One square per dark module, as a single SVG path. */
function modulesPath(text: string): { size: number; path: string } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  let path = '';
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) {
      if (modules.get(row, col)) path += `M${col} ${row}h1v1h-1z`;
    }
  }
  return { size: modules.size, path };
}

const getStyles = () => ({
  code: css({ display: 'block', width: 200, height: 200 }),
});
