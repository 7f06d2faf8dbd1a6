import { explainError } from "nosana-deployments";
import { createRoot } from "react-dom/client";
import { App } from "./App.jsx";
import { connect } from "./connect.js";
import "./style.css";

const root = createRoot(document.getElementById("root"));
connect().then(
  ({ client, store }) => root.render(<App client={client} store={store} />),
  (error) => root.render(<p role="alert">{explainError(error).text}</p>),
);
