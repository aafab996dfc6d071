import type { AppStatus } from '../../../../shared/contract';
import type { AppSettings } from '../../../../shared/dashboard';

export interface SettingRow {
  id: string;
  label: string;
  value: string;
  /** Shown as code (paths, URLs). */
  code?: boolean;
  /** How to change it: there is no channel to change settings from the app yet. */
  change: string;
}

export function retentionText(days: number): string {
  if (days <= 0) return 'Keep every request';
  return `Delete requests older than ${days} day${days === 1 ? '' : 's'}`;
}

/** The settings as read-only rows, each with how to change it. */
export function settingRows(settings: AppSettings, status: AppStatus | null): SettingRow[] {
  const rows: SettingRow[] = [
    {
      id: 'proxy',
      label: 'Proxy address',
      value: status?.proxyUrl ?? `http://${settings.host}:${settings.port}`,
      code: true,
      change: `Set "server": { "host": …, "port": … } in the config file and restart Farebox. Port 0 picks a free one; keep the host on loopback (127.0.0.1).`,
    },
    {
      id: 'port',
      label: 'Port',
      value: String(settings.port),
      change: 'server.port in the config file (restart Farebox).',
    },
    {
      id: 'dataDir',
      label: 'Data directory',
      value: settings.dataDir,
      code: true,
      change:
        'Where the request log and backups live. To use another one, set FAREBOX_DATA_DIR before starting Farebox (or pass --data-dir to farebox serve).',
    },
    {
      id: 'configPath',
      label: 'Config file',
      value: settings.configPath,
      code: true,
      change:
        'Edit it in any editor and restart Farebox. Rules and budgets edited on their pages here are kept in the data directory.',
    },
    {
      id: 'retention',
      label: 'Retention',
      value: retentionText(settings.retentionDays),
      change: 'Change it above, or with retentionDays in the config file.',
    },
    {
      id: 'prompts',
      label: 'Prompt storage',
      value: settings.storePrompts
        ? 'On: prompt text is stored with each request'
        : 'Off: only tokens, cost and timings are stored',
      change: settings.storePrompts
        ? 'Prompt text is kept with each request in the data directory.'
        : 'Off by default for privacy: request and response bodies are never written to disk. This version has no option to turn it on.',
    },
    {
      id: 'prices',
      label: 'Price data',
      value: settings.priceDataVersion,
      change:
        'The bundled price snapshot; newer Farebox releases ship newer prices. Override a model’s price under pricing.overrides in the config file.',
    },
  ];
  if (status) {
    rows.push({
      id: 'version',
      label: 'Farebox version',
      value: status.version,
      change: 'Install a newer release to update.',
    });
  }
  return rows;
}
