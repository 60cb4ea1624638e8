import { useSearchParams } from 'react-router-dom';

/** The `?token=` of a link from the API's account mail; undefined when the link was cut short. */
export function useEmailedToken(): string | undefined {
  const [params] = useSearchParams();
  return params.get('token')?.trim() || undefined;
}
