export { freePort } from "./free-port.ts";
export { defaultSpecPath, type MockServer, type StartMockOptions, startMock } from "./start-mock.ts";
