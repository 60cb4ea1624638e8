import React, { type ComponentProps, type ReactNode } from 'react';
import { Field, Input } from '@grafana/ui';

type InputProps = Omit<ComponentProps<typeof Input>, 'id' | 'value' | 'onChange' | 'required'>;

interface Props extends InputProps {
  /** Links the label to the input. */
  id: string;
  label: string;
  description?: ReactNode;
  /** Shown below the input, which is then marked invalid; undefined when all is well. */
  error: string | undefined;
  /** Marks the label; the form checks the value itself. */
  required?: boolean;
  value: string;
  onValueChange: (value: string) => void;
}

/**
 * A labelled text input with its description and error, in Grafana's form style.
 *
 * @example
 * <TextField id="add-device-name" label="Device name" value={name} error={nameError}
 *   onValueChange={setName} />
 */
export function TextField({ label, description, error, required, onValueChange, ...input }: Props) {
  return (
    <Field
      label={label}
      description={description}
      required={required}
      invalid={Boolean(error)}
      error={error}
    >
      <Input {...input} onChange={(event) => onValueChange(event.currentTarget.value)} />
    </Field>
  );
}
