// The shared sheets load first, in this order; a feature's own sheet, imported by its components, comes
// after them, so its rules win over the shared ones they refine.
import './styles/tokens.css';
import './styles/app.css';
import './styles/buttons.css';
import './styles/forms.css';
import './styles/tables.css';
import './styles/dialogs.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element in index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
