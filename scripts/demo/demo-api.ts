/** The few API calls the demo makes, with one error message shape. */
export type DemoApi = { url: string; token?: string };

export async function call<T>(
  api: DemoApi,
  method: string,
  path: string,
  body?: unknown,
  bearer?: string,
): Promise<T> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...((bearer ?? api.token) ? { authorization: `Bearer ${bearer ?? api.token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
