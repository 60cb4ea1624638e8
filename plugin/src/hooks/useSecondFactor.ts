import { useState } from 'react';
import {
  firstSecondFactor,
  type SecondFactor,
  type SecondFactorMethods,
} from '../utils/second-factor';

/**
 * The second factor a form holds: what the user gave, else the first of the account's methods.
 * The methods arrive after the form appears, so the default follows them until the user acts.
 *
 * @example
 * const { factor, setFactor, clear } = useSecondFactor(methods);
 */
export function useSecondFactor(methods: SecondFactorMethods) {
  const [given, setFactor] = useState<SecondFactor>();
  return {
    factor: given ?? firstSecondFactor(methods),
    setFactor,
    clear: () => setFactor(undefined),
  };
}
