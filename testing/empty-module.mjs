// What a style sheet import becomes in component tests (jest.config.mjs): Vite bundles the real one.
export default {};
