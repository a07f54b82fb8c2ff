import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StationProvider, createClient } from './api';
import { initI18n } from './i18n';
import './styles.css';

initI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StationProvider client={createClient()}>
      <App />
    </StationProvider>
  </StrictMode>,
);
