export const rawActivities = {
  async ranAt(): Promise<number> {
    return Date.now();
  },
};
export type RawActivities = typeof rawActivities;
