import { render } from "preact";
import { ConfirmPage } from "./confirm-page.js";
import "../styles/base.css";
import "../styles/card.css";

const root = document.getElementById("app");
if (root) render(<ConfirmPage />, root);
