export { freePort } from "./free-port.js";
export { defaultSpecPath, type MockServer, type StartMockOptions, startMock } from "./start-mock.js";
