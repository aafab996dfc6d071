import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { captureToken } from './lib/api';
import { stripTokenFromUrl } from './router';
import { overviewStore } from './stores/overview-store';
import { themeStore } from './stores/theme-store';
import './styles.css';

// `farebox serve` opens the page as `#token=…`: read it once, then drop it from the address bar.
captureToken(window);
stripTokenFromUrl(window);
// Before the first render, so the page never flashes in the wrong theme.
themeStore.getState().start();
// The overview is the usual first page: ask for its data while its code is still loading.
if (/^#?\/?(overview)?$/.test(window.location.hash)) overviewStore.getState().prefetch();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
