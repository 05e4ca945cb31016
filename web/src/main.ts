// The workbench: Vue 3, Element Plus (bundled, Chinese locale: nothing is fetched from the internet) and
// the router. Styles are the app's own plus Element Plus's; fonts are the system's.
import ElementPlus from "element-plus";
import "element-plus/dist/index.css";
import { createApp } from "vue";
import App from "./App.vue";
import { router } from "./router";
import "./styles.css";

createApp(App).use(ElementPlus).use(router).mount("#app");
