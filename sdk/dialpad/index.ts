// Dialpad resource classes (filled in resource by resource).
export {};
