import { explainError } from "nosana-deployments";
import { createApp, h } from "vue";
import App from "./App.vue";
import { connect } from "./connect.js";
import "./style.css";

connect().then(
  ({ client, store }) => createApp(App, { client, store }).mount("#app"),
  (error) => createApp(() => h("p", { role: "alert" }, explainError(error).text)).mount("#app"),
);
