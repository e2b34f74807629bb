export function renderErrors(codes: Record<string, { httpStatus: number; retryable: boolean; description: string }>): string;
export function renderFunctions(functions: ReadonlyArray<{ name: string; category: string; signature: string; description: string }>): string;
