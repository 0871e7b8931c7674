import { render } from "preact";
import { App } from "./app.js";
import "./styles/base.css";
import "./styles/chat.css";
import "./styles/card.css";
import "./styles/portfolio.css";
// Last: its narrow-screen rules override the views' defaults.
import "./styles/layout.css";

const root = document.getElementById("app");
if (root) render(<App />, root);
