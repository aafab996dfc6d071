import { useEffect } from 'react';
import { OverviewPage } from './pages/overview/overview-page';
import { overviewStore } from './stores/overview-store';

export function App() {
  useEffect(() => overviewStore.getState().start(), []);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Farebox</h1>
      </header>
      <main>
        <OverviewPage />
      </main>
    </div>
  );
}
