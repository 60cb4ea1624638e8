import React, { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { IconButton, Input, Text, useStyles2 } from '@grafana/ui';
import { Link } from 'react-router-dom';
import type { Device } from '../../api/client';
import { prefixRoute, ROUTES } from '../../constants';

/** The API's limit on a device name. */
const MAX_NAME_LENGTH = 64;

/** Resolves to an error message to show, or undefined once saved. */
export type RenameHandler = (id: string, name: string) => Promise<string | undefined>;

interface Props {
  device: Pick<Device, 'id' | 'name' | 'hostname'>;
  onRename: RenameHandler;
}

/** The device's name, linking to its page, with a pencil that turns it into an input. */
export function DeviceNameCell({ device, onRename }: Props) {
  const styles = useStyles2(getStyles);
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // Back to the pencil once editing ends, so keyboard users keep their place in the table.
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  if (editing) {
    return (
      <RenameForm
        id={device.id}
        name={device.name}
        onRename={onRename}
        onDone={() => setEditing(false)}
      />
    );
  }
  return (
    <div className={styles.name}>
      <div className={styles.text}>
        {/* react-router's Link: Grafana's TextLink parses the URL on every render, which adds
            up over 1,000 rows. */}
        <Link to={prefixRoute(ROUTES.Device, device.id)} className={styles.link}>
          {device.name}
        </Link>
        {device.hostname && device.hostname !== device.name && (
          <Text variant="bodySmall" color="secondary" truncate>
            {device.hostname}
          </Text>
        )}
      </div>
      <span className={styles.pencil}>
        <IconButton
          ref={editButton}
          name="pen"
          size="sm"
          aria-label={`Rename ${device.name}`}
          title={`Rename ${device.name}`}
          onClick={() => setEditing(true)}
        />
      </span>
    </div>
  );
}

interface FormProps {
  id: string;
  name: string;
  onRename: RenameHandler;
  onDone: () => void;
}

function RenameForm({ id, name, onRename, onDone }: FormProps) {
  const styles = useStyles2(getStyles);
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const errorId = useId();

  async function save() {
    if (saving) return;
    const trimmed = draft.trim();
    if (!trimmed) return setError('Enter a name.');
    if (trimmed === name) return onDone();
    setSaving(true);
    setError(undefined);
    const failure = await onRename(id, trimmed);
    setSaving(false);
    if (failure) setError(failure);
    else onDone();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      // Escape would otherwise also close a surrounding drawer or modal.
      event.stopPropagation();
      onDone();
    }
  }

  return (
    <div className={styles.form}>
      <div className={styles.formRow}>
        <Input
          autoFocus
          value={draft}
          maxLength={MAX_NAME_LENGTH}
          aria-label={`New name for ${name}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          invalid={Boolean(error)}
          // Read-only, not disabled, while saving: a disabled input loses focus, and with it
          // the user's Escape and Enter.
          readOnly={saving}
          onChange={(event) => setDraft(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          onFocus={(event) => event.currentTarget.select()}
        />
        <IconButton
          name="check"
          tooltip="Save (Enter)"
          disabled={saving}
          onClick={() => void save()}
        />
        <IconButton name="times" tooltip="Cancel (Escape)" disabled={saving} onClick={onDone} />
      </div>
      {error && (
        <div id={errorId} role="alert" className={styles.error}>
          {error}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  name: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    minWidth: 0,
  }),
  text: css({ display: 'flex', flexDirection: 'column', minWidth: 0 }),
  link: css({
    color: theme.colors.text.link,
    fontWeight: theme.typography.fontWeightMedium,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    '&:hover': { textDecoration: 'underline' },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 2 },
  }),
  pencil: css({
    flexShrink: 0,
    // Shown on hover or focus only (the row sets the hover), but always there for keyboards.
    display: 'inline-flex',
    opacity: 0,
    '&:focus-within': { opacity: 1 },
    'tr:hover &, tr:focus-within &': { opacity: 1 },
    '@media (hover: none)': { opacity: 1 },
  }),
  form: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), width: '100%' }),
  formRow: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    '& > :first-child': { flex: 1, minWidth: 0 },
  }),
  error: css({ color: theme.colors.error.text, fontSize: theme.typography.bodySmall.fontSize }),
});
