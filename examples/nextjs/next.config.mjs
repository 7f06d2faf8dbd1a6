// A static export (`out/`), so the test serves plain files; the recipe is the same with a server.
export default { output: "export" };
