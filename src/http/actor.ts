import type { FastifyRequest } from 'fastify';
import { apiKeyActor, SYSTEM, type Actor } from '../audit/actor.js';

/** Who makes this request: its API key (the auth plugin set it); public routes act as the system. */
export function actorOf(request: FastifyRequest): Actor {
  return request.apiKey ? apiKeyActor(request.apiKey) : SYSTEM;
}
