import Validator from "./validator.js";

export default function Page() {
  return <Validator />;
}
