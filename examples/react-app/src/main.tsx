import { AvalaProvider } from "@avala/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

// No API key in the browser: the client talks to the proxy on this origin, which adds the key on the server.
createRoot(root).render(
  <StrictMode>
    <AvalaProvider options={{ baseUrl: "/api/avala" }}>
      <App />
    </AvalaProvider>
  </StrictMode>,
);
