/** The app's settings in Grafana (jsonData); nothing secret lives here. */
export interface AppSettings {
  /** Where the IO Worker API is served, e.g. https://api.example.com */
  apiUrl?: string;
}
